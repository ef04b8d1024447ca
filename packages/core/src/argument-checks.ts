/**
 * The argument checks asio-ts's initiating functions use, for authors of their own: a programmer
 * error throws at once, naming the argument, with the value described the same way in every
 * package (`timeout must be a function, got 42`).
 */
export { checkFunction, describe as describeValue } from './detail/check.js';

// Where one HandlerWork's operation is.
export const initiating = 0;
export const inFlight = 1;
// Completed, the handler not yet returned (or delivered inside the initiating call).
export const done = 2;
// Completed, its work given back: no delivery reads the object any more (detail/recyclable-work.ts).
export const released = 3;

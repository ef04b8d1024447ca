// Shared by the type tests: asyncAdd's completion signature.
import { type SystemError } from '@asio-ts/core';

export type S = [SystemError | null, number];

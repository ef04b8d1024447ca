// Shared by the bindAbortSignal tests: how many 'abort' listeners a signal holds.
import { getEventListeners } from 'node:events';

export const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

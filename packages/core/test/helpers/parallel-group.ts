// Shared by the parallel group tests: the bytes the racing asyncWrite sends.
export const data = new Uint8Array(10).fill(1);

/** Throws unless `n`, the byte count a stream or device reported from `what`, is one it could have transferred. */
export function checkReported(what: string, n: number, prepared: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > prepared) {
    throw new RangeError(`bytesTransferred reported by ${what} must be an integer from 0 to ${prepared}, got ${n}`);
  }
}

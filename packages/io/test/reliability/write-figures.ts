/** What the generated write scenarios did, counted for the report (`reportFigures`). */
export interface WriteFigures {
  [key: string]: number;
  runs: number;
  writeOps: number;
  chunks: number;
  faultsInjected: number;
  inlineCompletions: number;
  cancellationsEmitted: number;
  cancellationsReachingStream: number;
  abortedBetweenChunks: number;
  refusedByCoroutine: number;
  bytesWritten: number;
  leaksFound: number;
}

export function newFigures(): WriteFigures {
  return {
    runs: 0,
    writeOps: 0,
    chunks: 0,
    faultsInjected: 0,
    inlineCompletions: 0,
    cancellationsEmitted: 0,
    cancellationsReachingStream: 0,
    abortedBetweenChunks: 0,
    refusedByCoroutine: 0,
    bytesWritten: 0,
    leaksFound: 0,
  };
}

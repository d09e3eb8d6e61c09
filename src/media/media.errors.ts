/**
 * Errors of the media HTTP endpoints: each carries the HTTP status and a stable code, so a
 * refused upload is always a clear 4xx (and 503 for a full transform queue), never a 500.
 */
export class MediaInputError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MediaInputError';
  }
}

/** Too many transforms running and waiting: the client should retry after a short pause. */
export class TransformBusyError extends MediaInputError {
  constructor(public readonly retryAfterSeconds: number) {
    super(503, 'TRANSFORMS_BUSY', 'the server is busy producing images: retry shortly');
  }
}

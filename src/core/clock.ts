/**
 * The injectable clock: visibility and scheduling rules ask this, never Date.now() directly,
 * so tests can pin "now".
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

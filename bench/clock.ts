/** Wall-clock milliseconds with sub-ms resolution, comparable with other processes' clocks. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

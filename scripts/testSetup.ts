import { buildServer } from './buildServer.ts';

/** vitest globalSetup: tests run the same relay bundle `npm start` runs, built fresh. */
export default async function setup(): Promise<void> {
  await buildServer();
}

// The optional parts of the app (tiles, checks, verdicts) plug in here, each as a Mount.
import type { Mount } from './app.ts';

export function allMounts(): Mount[] {
  return [];
}

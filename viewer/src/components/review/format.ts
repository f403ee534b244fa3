// Small display helpers shared by the review components.
import { PATCH_CLASS } from '../../lib/colors.ts';

export const classColor = (c: string): string => PATCH_CLASS.entries.find((e) => e.value === c)?.color ?? PATCH_CLASS.fallback.color;
export const fmtArea = (a: number): string => Math.round(a).toLocaleString();
export const fmtStamp = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

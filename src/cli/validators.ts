/** Scalar flag checks (typanion), so bad values are usage errors naming the flag. */
import * as t from 'typanion';

export const isBacklog = t.cascade(t.isNumber(), [t.isInteger(), t.isInInclusiveRange(1, 2 ** 31 - 1)]);
export const isColorChoice = t.isEnum(['auto', 'always', 'never'] as const);

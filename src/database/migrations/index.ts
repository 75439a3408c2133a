import { Platform1795780000000 } from './1795780000000-Platform';

/** Applied in this order at start-up. */
export const MIGRATIONS = [Platform1795780000000];

/**
 * The preload entry: `node --import=<file URL of this file>`, injected by systemfd through
 * NODE_OPTIONS (see node-options.ts). Importing it is the whole API.
 */
import { installPreload } from './install.js';

installPreload();

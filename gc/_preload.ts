/**
 * Preload for processes that run code without the `sys` permission but
 * should still explain failed collections: start Deno with `--allow-sys`
 * and `--preload=gc/_preload.ts`. This module opens the inspector session
 * that `whyAlive` needs, then revokes `sys` before any other module runs.
 *
 * @module
 */

import { openInspector } from "./_inspector.ts";

openInspector();

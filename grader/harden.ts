/**
 * Runs inside every graded test process before any other module (the grader
 * passes it to `deno test --preload`), so that learner code cannot change how
 * the tests run or what they conclude:
 *
 * - `Deno.test`, the `Deno` namespace and the runtime's internal operations
 *   cannot be replaced, wrapped or reached;
 * - the tests hear of an uncaught error before any listener that exercise
 *   code adds, which therefore cannot hide it from them;
 * - the built-in objects the tests rely on (`WeakRef`, `FinalizationRegistry`,
 *   `Map`, `Array`, `Promise`, timers, ...) are frozen and their global names
 *   cannot be rebound;
 * - V8's `gc()` is moved out of sight, so code cannot behave differently when
 *   it is exposed (`@course/gc` still finds it);
 * - stack traces that learner code reads show its own frames only, not the
 *   tests, their helpers, the given code or the test runner that called it;
 * - the one permission a test run gets, `sys`, serves only to open the
 *   inspector session that `whyAlive` takes heap snapshots with: it is
 *   revoked before any other module runs.
 *
 * Deno's own failure reports are unaffected: they do not read `error.stack`.
 *
 * @module
 */

import assert from "node:assert";
import strictAssert from "node:assert/strict";
import { Session } from "node:inspector";
import process from "node:process";
// Node's performance hooks add methods to the global performance object
// when first loaded: load them before it is frozen.
import "node:perf_hooks";
import { openInspector } from "../gc/_inspector.ts";
import {
  enterGrading,
  hearUncaughtErrorsFirst,
  showsAllFrames,
} from "../gc/_graded.ts";
import {
  exerciseNodeModules,
  exposedGcName,
  isLearnerCode,
} from "../course/constants.ts";

function hideGc(): void {
  // The grader exposes V8's gc() under another name (which V8 makes a
  // permanent global) so that `typeof gc` and `"gc" in globalThis` read as
  // they do in a normal program; here it is emptied and kept out of sight.
  const global = globalThis as Record<string, unknown>;
  const gc = global[exposedGcName];
  if (typeof gc !== "function") return;
  Object.defineProperty(globalThis, exposedGcName, {
    value: undefined,
    writable: false,
  });
  enterGrading(gc as () => void);
}

/**
 * Node's ways to reach any built-in module or native binding at run time
 * would pass by the module graph check: only the built-ins exercises may
 * import are handed out.
 */
function limitBuiltins(): void {
  const allowed = new Set<string>(exerciseNodeModules);
  const load = process.getBuiltinModule.bind(process);
  const refuse = (what: string) => () => {
    throw new Error(`Exercise code may not use ${what}`);
  };
  const replacements: Record<string, unknown> = {
    getBuiltinModule(id: string) {
      const name = String(id).startsWith("node:") ? String(id) : `node:${id}`;
      if (!allowed.has(name)) refuse(`the module ${name}`)();
      return load(name);
    },
    binding: refuse("process.binding()"),
    dlopen: refuse("process.dlopen()"),
  };
  for (const [key, value] of Object.entries(replacements)) {
    Object.defineProperty(process, key, {
      value,
      writable: false,
      configurable: false,
    });
  }
}

function lockDeno(): void {
  const internal = (Deno as unknown as { internal: symbol }).internal;
  const internals = (Deno as unknown as Record<symbol, object | undefined>)[
    internal
  ];
  // The runtime reads its internals object by this name, from its own
  // modules; exercise code gets none of it: its functions could reset the
  // global scope's listeners, settle tests behind the runner's back or
  // change the settings the runner reads.
  if (internals) {
    Reflect.deleteProperty(internals, "core");
    Object.defineProperty(Deno, internal, {
      value: runtimeOnly(internals),
      writable: false,
      configurable: false,
    });
  }
  // Hooks would run code around every test; no course test uses them.
  for (const hook of ["beforeAll", "beforeEach", "afterEach", "afterAll"]) {
    Object.defineProperty(Deno.test, hook, {
      value: () => {
        throw new Error(`Exercise code may not register test hooks (${hook})`);
      },
    });
  }
  // As in a plain program, the main module is the exercise's own file, not
  // its test; and no worker starts with a gc() of its own.
  const main = Deno.mainModule.replace(/_test\.ts$/, ".ts");
  Object.defineProperty(Deno, "mainModule", { get: () => main });
  if (process.argv[1]) {
    process.argv[1] = process.argv[1].replace(/_test\.ts$/, ".ts");
  }
  Object.defineProperty(globalThis, "Worker", {
    value: class {
      constructor() {
        throw new Error("Exercise code may not start workers");
      }
    },
  });
  Object.freeze(process.argv);
  Object.freeze(Deno.test);
  Object.freeze(Deno);
  Object.defineProperty(globalThis, "Deno", {
    writable: false,
    configurable: false,
  });
}

/** While true, stack traces are the raw call sites, for `byRuntime`. */
let rawSites = false;

/**
 * Whether the code that called the caller of this function is the
 * runtime's own (`ext:`): a proxy trap asks it of the access in progress.
 */
function byRuntime(): boolean {
  const limit = Error.stackTraceLimit;
  rawSites = true;
  try {
    Error.stackTraceLimit = 2;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, byRuntime);
    const sites = holder.stack as { getFileName(): string | null }[];
    return /^\[?ext:/.test(sites[1]?.getFileName() ?? "");
  } finally {
    rawSites = false;
    Error.stackTraceLimit = limit;
  }
}

/** `target`, as seen by the runtime's own code only. */
function runtimeOnly(target: object): object {
  const refuse = (): never => {
    throw new Error("Exercise code may not use the runtime's internals");
  };
  const guard =
    <A extends unknown[], R>(trap: (...args: A) => R) => (...args: A): R =>
      byRuntime() ? trap(...args) : refuse();
  return new Proxy(target, {
    get: guard(Reflect.get),
    set: guard(Reflect.set),
    has: guard(Reflect.has),
    ownKeys: guard(Reflect.ownKeys),
    getOwnPropertyDescriptor: guard(Reflect.getOwnPropertyDescriptor),
    defineProperty: guard(Reflect.defineProperty),
    deleteProperty: guard(Reflect.deleteProperty),
    getPrototypeOf: guard(Reflect.getPrototypeOf),
    setPrototypeOf: guard(Reflect.setPrototypeOf),
    preventExtensions: guard(Reflect.preventExtensions),
  });
}

function hideCallersFromStacks(): void {
  // Only the learner's own modules: the given code, the tests, their
  // helpers and packages would tell learner code who called it, and from
  // which line.
  const visible = (site: { getFileName(): string | null | undefined }) => {
    const file = site.getFileName();
    return showsAllFrames() || !file || isLearnerCode(file);
  };
  Object.defineProperty(Error, "prepareStackTrace", {
    value: (error: unknown, sites: { getFileName(): string | null }[]) => {
      if (rawSites) return sites;
      const head = Error.prototype.toString.call(error);
      return [head, ...sites.filter(visible).map((site) => `    at ${site}`)]
        .join("\n");
    },
    writable: false,
    configurable: false,
  });
}

/** Global names whose values the tests rely on; rebinding them is refused. */
const lockedGlobals = [
  "AbortController",
  "AbortSignal",
  "AggregateError",
  "Array",
  "ArrayBuffer",
  "Atomics",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Boolean",
  "CustomEvent",
  "DataView",
  "Date",
  "DisposableStack",
  "Error",
  "ErrorEvent",
  "EvalError",
  "Event",
  "EventTarget",
  "FinalizationRegistry",
  "Float32Array",
  "Float64Array",
  "Function",
  "Int16Array",
  "Int32Array",
  "Int8Array",
  "Iterator",
  "JSON",
  "Map",
  "Math",
  "MessageEvent",
  "Number",
  "Object",
  "Promise",
  "Proxy",
  "RangeError",
  "ReferenceError",
  "Reflect",
  "RegExp",
  "Set",
  "String",
  "SuppressedError",
  "Symbol",
  "SyntaxError",
  "TypeError",
  "URIError",
  "URL",
  "Uint16Array",
  "Uint32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "WeakMap",
  "WeakRef",
  "WeakSet",
  "addEventListener",
  "clearInterval",
  "clearTimeout",
  "dispatchEvent",
  "performance",
  "queueMicrotask",
  "removeEventListener",
  "reportError",
  "setInterval",
  "setTimeout",
  "structuredClone",
];

/**
 * Freezes the built-ins, the way a hardened JavaScript realm does. Their
 * methods become accessors whose setter defines an own property, so that
 * ordinary code such as `object.toString = ...` (or a library defining a
 * subclass's static method by assignment) still works while the built-in
 * itself cannot change.
 */
function freezeIntrinsics(): void {
  // Deno swaps some globals for native versions on first use (it deletes
  // and redefines `queueMicrotask`): use them once before they are locked.
  queueMicrotask(() => {});
  // The assertion library the tests use is frozen with the built-ins. The
  // inspector's Session class is frozen too, but not the EventEmitter it
  // extends, which exercise code may use: the session whyAlive() takes
  // snapshots with keeps its own copies of the event methods.
  for (const target of [Session, Session.prototype]) {
    allowOverrides(target);
    Object.freeze(target);
  }
  const roots: unknown[] = [assert, strictAssert];
  for (const name of lockedGlobals) {
    if (!(name in globalThis)) continue;
    // Some globals are lazy accessors: read the value, then pin it.
    const value = (globalThis as Record<string, unknown>)[name];
    roots.push(value);
    Object.defineProperty(globalThis, name, {
      value,
      writable: false,
      configurable: false,
    });
  }
  const hidden = [
    [].values(),
    [].values().map((x) => x),
    Iterator.from({ next: () => ({ done: true, value: undefined }) }),
    new Map().values(),
    new Set().values(),
    ""[Symbol.iterator](),
    "".matchAll(/a/g),
    function* () {},
    async function () {},
    async function* () {},
  ];
  roots.push(...hidden.map((value) => Object.getPrototypeOf(value)));
  const seen = new Set<unknown>();
  const pending = [...roots];
  while (pending.length > 0) {
    const value = pending.pop();
    if (
      (typeof value !== "object" && typeof value !== "function") ||
      value === null || seen.has(value)
    ) continue;
    seen.add(value);
    allowOverrides(value);
    if (value === Error) {
      // Assertion libraries set Error.stackTraceLimit for a moment, and V8
      // reads it as a plain value: it stays writable, all else is locked.
      lockAllBut(Error, "stackTraceLimit");
    } else {
      Object.freeze(value);
    }
    pending.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      pending.push(descriptor.value, descriptor.get, descriptor.set);
    }
  }
}

/** Makes every property but one read-only and permanent; adds none. */
function lockAllBut(target: object, writable: string): void {
  for (const key of Reflect.ownKeys(target)) {
    if (key === writable) {
      Object.defineProperty(target, key, { configurable: false });
      continue;
    }
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key)!;
    Object.defineProperty(target, key, {
      ...("value" in descriptor ? { writable: false } : {}),
      configurable: false,
    });
  }
  Object.preventExtensions(target);
}

/** Turns writable data properties into accessors that allow shadowing. */
function allowOverrides(prototype: object): void {
  for (const key of Reflect.ownKeys(prototype)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(prototype, key)!;
    if (
      !("value" in descriptor) || !descriptor.writable ||
      !descriptor.configurable ||
      (prototype === Error && key === "stackTraceLimit")
    ) continue;
    const value = descriptor.value;
    Object.defineProperty(prototype, key, {
      get() {
        return value;
      },
      set(this: object, next: unknown) {
        if (this === prototype) {
          throw new TypeError(
            `Cannot assign to read only property '${String(key)}'`,
          );
        }
        Object.defineProperty(this, key, {
          value: next,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      },
      enumerable: descriptor.enumerable ?? false,
      configurable: false,
    });
  }
}

openInspector();
hearUncaughtErrorsFirst();
hideGc();
limitBuiltins();
lockDeno();
hideCallersFromStacks();
freezeIntrinsics();

/**
 * Tests for `weak_listener.ts`, one per requirement listed in course.json.
 *
 * The subscribers here never rely on `this` to record a call, so a wrong
 * `this` shows as a failed check, not as an error thrown inside a listener.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected, collectUntil } from "@course/gc";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  captureUncaughtErrors,
  nothingKeptRequirement,
  noting,
} from "../_testing.ts";
import {
  addWeakListener as addWeakListenerUnderTest,
  type Unsubscribe,
} from "./weak_listener.ts";

/** The function under test, noting what the tests hand it and get back. */
const addWeakListener = noting(addWeakListenerUnderTest);

/**
 * The listeners registered on `target` just now, read where the runtime
 * keeps them: however a listener was added, it is there.
 */
function registeredListeners(target: EventTarget): object[] {
  for (const key of Object.getOwnPropertySymbols(target)) {
    const data: unknown = Reflect.get(target, key);
    if (typeof data !== "object" || data === null || !("listeners" in data)) {
      continue;
    }
    const byType = data.listeners as Record<string, { callback: object }[]>;
    return Object.values(byType).flat().map((entry) => entry.callback);
  }
  throw new Error("This runtime keeps event listeners out of the tests' sight");
}

/**
 * A chat connection that sends events of one type, and remembers, weakly,
 * each listener ever registered on it.
 */
class Connection extends EventTarget {
  readonly #registered: WeakRef<object>[] = [];
  readonly #known = new WeakSet<object>();

  constructor(readonly type = "message") {
    super();
    // The runtime makes its list of listeners on the first one added: make
    // it now, so that the connection can be frozen against changes.
    const none = () => {};
    super.addEventListener(type, none);
    super.removeEventListener(type, none);
    Object.freeze(this);
  }

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    this.#notice();
  }

  /** Remembers the listeners registered now, through this method or not. */
  #notice(): void {
    for (const listener of registeredListeners(this)) {
      if (this.#known.has(listener)) continue;
      this.#known.add(listener);
      this.#registered.push(new WeakRef(listener));
    }
  }

  /** How many listeners were ever registered. */
  get registrations(): number {
    this.#notice();
    return this.#registered.length;
  }

  /** Asserts that every listener ever registered is collected. */
  assertReleased(message: string): Promise<void> {
    this.#notice();
    return assertAllCollected(this.#registered, {
      message,
      name: `the listener on the "${this.type}" connection`,
    });
  }

  send(data: string): void {
    this.#notice();
    this.dispatchEvent(new MessageEvent(this.type, { data }));
  }
}
Object.freeze(Connection.prototype);

/** What a test subscriber reports of each call: its `this` and its event. */
type Report = (self: unknown, event: Event) => void;

/** The ways a program writes a subscriber; none of them can throw. */
const subscriberKinds = {
  "a class instance": (report) =>
    new (class {
      handleEvent(event: Event): void {
        report(this, event);
      }
    })(),
  "an object literal": (report) => ({
    handleEvent(event: Event): void {
      report(this, event);
    },
  }),
  "an instance whose handleEvent is an arrow-function field": (report) =>
    new (class {
      handleEvent = (event: Event): void => report(this, event);
    })(),
  "an object that inherits handleEvent": (report) =>
    Object.create({
      handleEvent(event: Event): void {
        report(this, event);
      },
    }),
  "an object without a prototype": (report) =>
    Object.assign(Object.create(null), {
      handleEvent(event: Event): void {
        report(this, event);
      },
    }),
} satisfies Record<string, (report: Report) => EventListenerObject>;

/** One of the ways to write a subscriber. */
type Kind = keyof typeof subscriberKinds;

/** A panel on screen: it adds each message it receives to `lines`. */
function chatPanel(lines: string[]): EventListenerObject {
  return subscriberKinds["a class instance"]((_, event) => {
    lines.push(String((event as MessageEvent).data));
  });
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value instanceof Event) return `another event (of type "${value.type}")`;
  return `another value (${fc.stringify(value)})`;
}

Deno.test("addWeakListener() delivers events to a live subscriber's handleEvent", () => {
  const cases = fc.record({
    type: fc.string(),
    other: fc.string(),
    events: fc.integer({ min: 1, max: 4 }),
    kind: fc.constantFrom(...Object.keys(subscriberKinds) as Kind[]),
  });
  assertProperty(
    cases,
    ({ type, other, events, kind }) => {
      using reported = captureUncaughtErrors();
      const calls: { self: unknown; event: Event }[] = [];
      const subscriber = subscriberKinds[kind]((self, event) => {
        calls.push({ self, event });
      });
      const target = new EventTarget();
      const unsubscribe = addWeakListener(target, type, subscriber);
      for (let i = 0; i < events; i++) {
        if (other !== type) target.dispatchEvent(new Event(other));
        if (calls.length > i) {
          return `an event of type ${
            JSON.stringify(other)
          } reached the subscriber: listen for the type you were given only`;
        }
        const event = new Event(type);
        target.dispatchEvent(event);
        if (reported.errors.length > 0) {
          return `dispatching event ${i + 1} threw ${reported.errors[0]}`;
        }
        if (calls.length === i) {
          return `event ${
            i + 1
          } did not reach handleEvent during dispatchEvent(): register a listener with target.addEventListener(type, ...) that calls it as the event arrives`;
        }
        if (calls.length > i + 1) {
          return `handleEvent ran ${calls.length - i} times for event ${i + 1}`;
        }
        const { self, event: received } = calls[i]!;
        if (self !== subscriber) {
          return `handleEvent ran with \`this\` set to ${
            describe(self)
          }, not the subscriber: call it as a method, current.handleEvent(event)`;
        }
        if (received !== event) {
          return `handleEvent received ${
            describe(received)
          } instead of the event that was dispatched`;
        }
      }
      unsubscribe();
      return undefined;
    },
    {
      describe: ({ type, other, events, kind }) =>
        `With ${kind} subscribed to ${
          JSON.stringify(type)
        }, and ${events} event(s) of that type each after one of type ${
          JSON.stringify(other)
        }`,
    },
  );
});

/**
 * Subscribes a subscriber of `kind` that nothing else holds to "message"
 * events of `target`; sends it a message.
 */
function openPanel(target: EventTarget, kind: Kind) {
  const subscriber = subscriberKinds[kind](() => {});
  const unsubscribe = addWeakListener(target, "message", subscriber);
  target.dispatchEvent(new MessageEvent("message", { data: "welcome" }));
  return { ref: new WeakRef(subscriber), unsubscribe };
}

Deno.test("addWeakListener() does not keep its subscriber alive", async () => {
  // An arrow-function field holds its instance: keeping that handleEvent
  // keeps the subscriber, where keeping a class's method does not. A plain
  // EventTarget, as a program has, is tried as well as the tests' own.
  const cases: [Kind, () => EventTarget][] = [
    ["a class instance", () => new Connection()],
    [
      "an instance whose handleEvent is an arrow-function field",
      () => new Connection(),
    ],
    ["a class instance", () => new EventTarget()],
  ];
  for (const [kind, makeTarget] of cases) {
    const target = makeTarget();
    // The program keeps the unsubscribe function, and forgets the subscriber.
    const { ref, unsubscribe } = openPanel(target, kind);
    try {
      await assertCollected(ref, {
        message:
          `Only the subscription could reach ${kind}, which had received one event, yet it was not collected: reach the subscriber only through a WeakRef to it, and keep neither the subscriber, nor what deref() returned, nor its handleEvent anywhere else.`,
        name: `the subscriber (${kind})`,
      });
    } finally {
      unsubscribe();
    }
  }
});

/** Subscribes a panel that nothing else holds, without sending it anything. */
function subscribePanel(
  connection: Connection,
  unsubscribers: Unsubscribe[],
): WeakRef<EventListenerObject> {
  const panel = chatPanel([]);
  unsubscribers.push(addWeakListener(connection, connection.type, panel));
  return new WeakRef(panel);
}

Deno.test("addWeakListener() removes its listener once the subscriber is gone", async () => {
  using reported = captureUncaughtErrors();
  const talking = new Connection("typing");
  const quiet = new Connection("presence");
  const unsubscribers: Unsubscribe[] = [];
  const talkingRef = subscribePanel(talking, []); // unsubscribe is forgotten
  const quietRef = subscribePanel(quiet, unsubscribers);
  assert.ok(
    talking.registrations > 0 && quiet.registrations > 0,
    "addWeakListener() must register a listener with target.addEventListener(type, listener).",
  );
  await assertAllCollected([talkingRef, quietRef], {
    message:
      "The subscribers were not collected: the subscription must not hold them.",
    name: "a subscriber",
  });
  talking.send("anyone there?");
  assert.deepEqual(
    reported.errors,
    [],
    "An event that arrived after the subscriber was collected made your listener throw: when deref() returns undefined, remove the listener instead of calling handleEvent.",
  );
  assert.doesNotThrow(
    () => unsubscribers.pop()!(),
    "unsubscribe() threw when called after the subscriber was collected.",
  );
  await talking.assertReleased(
    "An event arrived after the subscriber was collected, yet your listener stayed registered on the target: when deref() returns undefined, call target.removeEventListener(type, listener) with the listener you added.",
  );
  await quiet.assertReleased(
    "unsubscribe() was called after the subscriber was collected and before any event, yet the listener stayed registered on the target: unsubscribe() must remove it whether or not the subscriber is alive.",
  );
});

Deno.test("addWeakListener() keeps delivering to a subscriber that is still alive, across collections", async () => {
  const connection = new Connection();
  const lines: string[] = [];
  const panel = chatPanel(lines);
  const unsubscribe = addWeakListener(connection, connection.type, panel);
  let sent = 0;
  const missed = await collectUntil(() => {
    connection.send(`ping ${++sent}`);
    return lines.length < sent;
  }, { maxRounds: 2 });
  unsubscribe();
  assert.equal(
    missed,
    false,
    `The subscriber is alive, yet after a collection it received ${lines.length} of ${sent} messages: hold the subscriber object weakly, not a function. A bound or arrow function that only the WeakRef reaches can be collected while the subscriber lives.`,
  );
  assert.equal(typeof panel.handleEvent, "function"); // the panel lives to here
});

/** Subscribes `panel`, sends one message, then unsubscribes twice. */
function subscribeThenUnsubscribe(
  connection: Connection,
  panel: EventListenerObject,
): void {
  const unsubscribe = addWeakListener(connection, connection.type, panel);
  connection.send("first");
  unsubscribe();
  assert.doesNotThrow(
    () => unsubscribe(),
    "Calling unsubscribe() a second time threw: it must do nothing.",
  );
  connection.send("second");
}

Deno.test("addWeakListener() returns a function that removes the listener", async () => {
  const connection = new Connection("read-receipt");
  const lines: string[] = [];
  const panel = chatPanel(lines);
  subscribeThenUnsubscribe(connection, panel);
  assert.deepEqual(
    lines,
    ["first"],
    "After unsubscribe(), no more events may reach the subscriber.",
  );
  await connection.assertReleased(
    "After unsubscribe(), your listener stayed registered on the target: unsubscribe() must call target.removeEventListener(type, listener) with the listener you added, not only silence it.",
  );
  assert.equal(typeof panel.handleEvent, "function"); // the panel lives to here
});

Deno.test("addWeakListener() keeps several subscriptions apart, in the order they were made", () => {
  const listeners = fc.array(
    fc.record({ weak: fc.boolean(), unsubscribed: fc.boolean() }),
    { minLength: 2, maxLength: 6 },
  );
  assertProperty(
    listeners,
    (specs) => {
      const target = new EventTarget();
      const log: string[] = [];
      const unsubscribers = specs.map((spec, i) => {
        const label = `#${i + 1}`;
        if (!spec.weak) {
          target.addEventListener("message", () => log.push(label));
          return () => {};
        }
        return addWeakListener(target, "message", {
          handleEvent: () => log.push(label),
        });
      });
      specs.forEach((spec, i) => {
        if (spec.weak && spec.unsubscribed) unsubscribers[i]!();
      });
      target.dispatchEvent(new Event("message"));
      target.dispatchEvent(new Event("message"));
      const once = specs.flatMap((spec, i) =>
        spec.weak && spec.unsubscribed ? [] : [`#${i + 1}`]
      );
      const expected = [...once, ...once];
      return JSON.stringify(log) === JSON.stringify(expected)
        ? undefined
        : `two events reached the listeners as [${log.join(", ")}], not [${
          expected.join(", ")
        }]`;
    },
    {
      describe: (specs) =>
        `With these listeners added in turn to one target: ${
          specs.map((spec, i) =>
            `#${i + 1} ${
              spec.weak
                ? `weak${spec.unsubscribed ? " then unsubscribed" : ""}`
                : "plain"
            }`
          ).join(", ")
        }`,
    },
  );
});

Deno.test("addWeakListener() lets an error thrown by handleEvent through and keeps the subscription", () => {
  using reported = captureUncaughtErrors();
  const connection = new Connection();
  const log: string[] = [];
  const failure = new Error("the panel failed to render");
  const panel = subscriberKinds["a class instance"]((_, event) => {
    const data = (event as MessageEvent).data;
    log.push(`panel: ${data}`);
    if (data === "first") throw failure;
  });
  const unsubscribe = addWeakListener(connection, connection.type, panel);
  connection.addEventListener(connection.type, (event) => {
    log.push(`next: ${(event as MessageEvent).data}`);
  });
  connection.send("first");
  connection.send("second");
  unsubscribe();
  assert.deepEqual(
    reported.errors,
    [failure],
    "handleEvent threw, but that error did not reach the event target's error reporting as thrown: do not catch it, wrap it or delay it.",
  );
  assert.deepEqual(
    log,
    ["panel: first", "next: first", "panel: second", "next: second"],
    "After handleEvent threw, the events must go on to the next listeners, and to the subscriber: keep the subscription.",
  );
});

/** Subscribes a panel to `target`, sends a message and drops both. */
function subscribeAndDropBoth(target: EventTarget) {
  const panel = chatPanel([]);
  addWeakListener(target, "message", panel);
  target.dispatchEvent(new MessageEvent("message", { data: "hello" }));
  return {
    targetRef: new WeakRef(target),
    subscriberRef: new WeakRef(panel),
  };
}

Deno.test("addWeakListener() keeps no hold on a target or subscriber that the program dropped", async () => {
  // A plain EventTarget, as a program has, as well as the tests' own.
  for (const make of [() => new Connection(), () => new EventTarget()]) {
    await assertTargetAndSubscriberCollected(subscribeAndDropBoth(make()));
  }
});

/** Asserts that both the dropped target and its subscriber are collected. */
async function assertTargetAndSubscriberCollected(
  { targetRef, subscriberRef }: ReturnType<typeof subscribeAndDropBoth>,
): Promise<void> {
  await assertAllCollected([
    {
      ref: targetRef,
      message:
        "The program dropped an event target and its subscriber, yet the target was not collected: keep no list or map of targets outside the listener.",
      name: "the event target",
    },
    {
      ref: subscriberRef,
      message:
        "The program dropped an event target and its subscriber, yet the subscriber was not collected: keep no list or map of subscribers outside the listener.",
      name: "the subscriber",
    },
  ]);
}

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a target, subscriber or unsubscribe function");
});

/**
 * Tests for `weak_listener.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/05_tracking_objects/weak_listener/):
 * - strong_listener: registers the subscriber itself with `addEventListener`,
 *   so the target keeps it alive.
 * - weak_closure: holds a bound `handleEvent` weakly instead of the
 *   subscriber; only the `WeakRef` reaches that function, so it is collected
 *   while the subscriber is alive and the events stop.
 * - stays_subscribed: ignores events once the subscriber is gone but never
 *   removes its listener from the target.
 * - unbound_method: calls `handleEvent` as a plain function, without the
 *   subscriber as `this`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { addWeakListener } from "./weak_listener.ts";

/** A chat connection that keeps count of the listeners registered on it. */
class Connection extends EventTarget {
  readonly listeners = new Set<EventListenerOrEventListenerObject>();

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (listener) this.listeners.add(listener);
    super.addEventListener(type, listener, options);
  }

  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    if (listener) this.listeners.delete(listener);
    super.removeEventListener(type, listener, options);
  }

  send(text: string): void {
    this.dispatchEvent(new MessageEvent("message", { data: text }));
  }
}

let callsWithoutThis = 0;

/** A panel on screen that shows the messages it receives. */
class ChatPanel {
  readonly lines: string[] = [];
  readonly pixels = new Uint8Array(4096);

  handleEvent(event: Event): void {
    if (!(this instanceof ChatPanel)) {
      callsWithoutThis++;
      return;
    }
    this.lines.push(String((event as MessageEvent).data));
  }
}

/** Subscribes a panel that nothing else holds; returns a WeakRef to it. */
function openAndClosePanel(connection: Connection): WeakRef<ChatPanel> {
  const panel = new ChatPanel();
  addWeakListener(connection, "message", panel);
  connection.send("welcome");
  return new WeakRef(panel);
}

Deno.test("addWeakListener() delivers events to a live subscriber's handleEvent", () => {
  const connection = new Connection();
  const panel = new ChatPanel();
  const before = callsWithoutThis;
  const unsubscribe = addWeakListener(connection, "message", panel);
  assert.equal(
    connection.listeners.size,
    1,
    "addWeakListener() must register one listener on the target with target.addEventListener(type, ...).",
  );
  connection.send("hello");
  connection.send("bye");
  assert.equal(
    callsWithoutThis - before,
    0,
    "handleEvent ran without the subscriber as `this`: call it as a method, current.handleEvent(event).",
  );
  assert.deepEqual(
    panel.lines,
    ["hello", "bye"],
    "Each message event must reach subscriber.handleEvent, in order.",
  );
  unsubscribe();
});

Deno.test("addWeakListener() does not keep its subscriber alive", async () => {
  const connection = new Connection();
  const ref = openAndClosePanel(connection);
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "Only the subscription could reach the panel, yet it was not collected within 10 rounds: the target must hold a listener of yours that reaches the subscriber through a WeakRef, not the subscriber itself.",
  );
  assert.ok(connection.listeners.size <= 1);
});

Deno.test("addWeakListener() removes its listener once the subscriber is gone", async () => {
  const connection = new Connection();
  const ref = openAndClosePanel(connection);
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The panel was not collected within 10 rounds: the subscription must not hold it strongly.",
  );
  connection.send("anyone there?");
  assert.equal(
    connection.listeners.size,
    0,
    "An event arrived after the subscriber was collected, yet the listener is still registered: when deref() returns undefined, call target.removeEventListener with your listener.",
  );
});

Deno.test("addWeakListener() keeps delivering to a subscriber that is still alive, across collections", async () => {
  const connection = new Connection();
  const panel = new ChatPanel(); // held by this test until its end
  const unsubscribe = addWeakListener(connection, "message", panel);
  let sent = 0;
  const missed = await collectUntil(() => {
    connection.send(`ping ${++sent}`);
    return panel.lines.length < sent;
  });
  assert.equal(
    missed,
    false,
    `The panel is alive, yet after a collection it received ${panel.lines.length} of ${sent} messages: hold the subscriber object weakly, not a function. A bound or arrow function that only the WeakRef reaches can be collected while the subscriber lives.`,
  );
  assert.equal(panel.lines.length, sent, "Every message must arrive.");
  unsubscribe();
});

Deno.test("addWeakListener() returns a function that removes the listener", () => {
  const connection = new Connection();
  const panel = new ChatPanel();
  const unsubscribe = addWeakListener(connection, "message", panel);
  connection.send("first");
  unsubscribe();
  connection.send("second");
  assert.deepEqual(
    panel.lines,
    ["first"],
    "After unsubscribe(), no more events may reach the subscriber.",
  );
  assert.equal(
    connection.listeners.size,
    0,
    "unsubscribe() must remove the listener from the target (removeEventListener with the same function).",
  );
});

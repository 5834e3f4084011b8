/**
 * Tests for `fix_the_leak.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/01_reachability/fix_the_leak/):
 * - flag_only: close() sets a flag so the label stops updating, but the
 *   listener stays in the feed and still holds the label.
 * - fresh_function: close() passes a new arrow function to `off`, which is a
 *   different object, so nothing is removed.
 * - removes_all: close() empties the whole feed, so other labels stop too.
 * - label_registry: removes the listener, but a module-level array of every
 *   label ever created still holds them all.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { PriceFeed, PriceLabel } from "./fix_the_leak.ts";

Deno.test("a PriceLabel shows the latest price", () => {
  const feed = new PriceFeed();
  const label = new PriceLabel(feed, "EUR");
  feed.publish(12.5);
  feed.publish(13);
  assert.equal(
    label.text,
    "13 EUR",
    "An open label should show the last published price with its currency.",
  );
});

Deno.test("close() removes the label's listener from the feed", () => {
  const feed = new PriceFeed();
  const label = new PriceLabel(feed, "EUR");
  assert.equal(feed.listenerCount, 1, "A new label adds one listener.");
  label.close();
  assert.equal(
    feed.listenerCount,
    0,
    "After close() the feed should hold no listener for this label: pass `off` the same function you passed to `on`.",
  );
});

Deno.test("a closed label no longer changes", () => {
  const feed = new PriceFeed();
  const label = new PriceLabel(feed, "EUR");
  feed.publish(12.5);
  label.close();
  feed.publish(99);
  assert.equal(
    label.text,
    "12.5 EUR",
    "A price published after close() must not reach the label.",
  );
});

Deno.test("closing one label leaves the other labels updating", () => {
  const feed = new PriceFeed();
  const euros = new PriceLabel(feed, "EUR");
  const dollars = new PriceLabel(feed, "USD");
  euros.close();
  feed.publish(7);
  assert.equal(
    dollars.text,
    "7 USD",
    "Closing the EUR label must not unsubscribe the USD label.",
  );
  assert.equal(
    feed.listenerCount,
    1,
    "Only the closed label's listener should leave the feed.",
  );
  assert.equal(euros.text, "", "The closed EUR label must not change.");
});

// Creates, uses and closes a label in its own frame, so that afterwards only
// the feed (and whatever the module keeps) could still reach it.
function openPublishClose(feed: PriceFeed): WeakRef<PriceLabel> {
  const label = new PriceLabel(feed, "EUR");
  feed.publish(1);
  label.close();
  return new WeakRef(label);
}

Deno.test("a closed label can be garbage collected while the feed lives on", async () => {
  const feed = new PriceFeed();
  const ref = openPublishClose(feed);
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The closed label was still reachable after 10 collections: something the program keeps (the feed's listener set, or a list in the module) still holds it.",
  );
  feed.publish(2);
  assert.equal(feed.listenerCount, 0, "The feed should hold no listeners.");
});

/**
 * # Fix the leak
 *
 * A `PriceFeed` calls its listeners with every new price. A `PriceLabel`
 * listens to a feed and keeps the latest price as text. Labels come and go
 * (think of widgets on a page); the feed lives as long as the program.
 *
 * The code works, but it leaks: a closed label is still in the feed's listener
 * set, and its listener closure references the label, so every label ever
 * created stays reachable from the feed. Fix `PriceLabel` so that:
 *
 * - `close()` removes the label's listener from the feed, and only that one;
 * - after `close()` the label no longer changes and, once nothing else
 *   references it, it can be garbage collected;
 * - labels that are still open keep updating.
 *
 * Leave `PriceFeed` as it is: the fix belongs in `PriceLabel`.
 *
 * ```ts ignore
 * const feed = new PriceFeed();
 * const label = new PriceLabel(feed, "EUR");
 * feed.publish(12.5);
 * label.text; // "12.5 EUR"
 * label.close();
 * feed.publish(13);
 * label.text; // still "12.5 EUR"
 * feed.listenerCount; // 0
 * ```
 *
 * @module
 */

/** A function that receives each new price. */
export type Listener = (price: number) => void;

/** Calls every listener with each published price. */
export class PriceFeed {
  #listeners = new Set<Listener>();

  /** Adds `listener`; adding the same function twice has no effect. */
  on(listener: Listener): void {
    this.#listeners.add(listener);
  }

  /** Removes `listener`; returns whether it was there. */
  off(listener: Listener): boolean {
    return this.#listeners.delete(listener);
  }

  /** Calls every listener with `price`. */
  publish(price: number): void {
    for (const listener of this.#listeners) listener(price);
  }

  /** How many listeners the feed holds. */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}

/** Shows the latest price of a feed as text, until it is closed. */
export class PriceLabel {
  /** The latest price with its currency, or "" before the first price. */
  text = "";

  constructor(feed: PriceFeed, currency: string) {
    // TODO: the feed will need to know later which listener to remove, so
    // keep what you pass to `on` (and the feed) somewhere close() can reach.
    feed.on((price) => {
      this.text = `${price} ${currency}`;
    });
  }

  /** Stops listening to the feed. */
  close(): void {
    // TODO: remove this label's listener from the feed.
  }
}

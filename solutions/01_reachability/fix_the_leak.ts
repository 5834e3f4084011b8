/**
 * Reference solution for "Fix the leak".
 *
 * The feed is reachable for as long as the program runs, the feed's set holds
 * each listener strongly, and each listener closure holds its label through
 * `this`. So a label stays reachable until its listener leaves the set. The
 * fix keeps the exact function that was passed to `on`, so that `off` can find
 * it again: a new arrow function with the same body would be a different
 * object and `off` would remove nothing.
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
  #feed: PriceFeed;
  #listener: Listener;

  constructor(feed: PriceFeed, currency: string) {
    this.#feed = feed;
    // Keep the very function object that the feed holds.
    this.#listener = (price) => {
      this.text = `${price} ${currency}`;
    };
    feed.on(this.#listener);
  }

  /** Stops listening to the feed. */
  close(): void {
    // Removing it drops the feed's strong path to this label. Calling close()
    // twice is harmless: the second `off` finds nothing to remove.
    this.#feed.off(this.#listener);
  }
}

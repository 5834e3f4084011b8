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

// The path resolves to the same support module from solutions/ and from
// exercises/, where the grader copies this file.
import type { Listener, PriceFeed } from "./_price_feed.ts";

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

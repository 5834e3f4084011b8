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
 * - `text` is the latest price the feed published since the label was made,
 *   then a space, then the currency (`${price} ${currency}`), or "" before
 *   the first one;
 * - `close()` removes the label's listener from the feed, and only that one;
 *   calling it again changes nothing;
 * - after `close()` the label no longer changes, not even its `text`;
 * - labels that are still open keep updating, whichever labels were closed
 *   and in whatever order;
 * - nothing else keeps a label alive: once nothing references a closed label,
 *   it and its listener can be garbage collected while the feed lives on, and
 *   once nothing references an open label or its feed, all of them can.
 *
 * `PriceFeed` comes from `_price_feed.ts`: leave it as it is, the fix belongs
 * in `PriceLabel`.
 *
 * ```ts ignore
 * import { PriceFeed } from "./_price_feed.ts";
 *
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

import type { PriceFeed } from "./_price_feed.ts";

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

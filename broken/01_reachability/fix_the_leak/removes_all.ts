// Broken on purpose: close() removes every listener of the feed, not just this label's.

export type Listener = (price: number) => void;

export class PriceFeed {
  #listeners = new Set<Listener>();
  on(listener: Listener): void {
    this.#listeners.add(listener);
  }
  off(listener: Listener): boolean {
    return this.#listeners.delete(listener);
  }
  clear(): void {
    this.#listeners.clear();
  }
  publish(price: number): void {
    for (const listener of this.#listeners) listener(price);
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
}

export class PriceLabel {
  text = "";
  #feed: PriceFeed;

  constructor(feed: PriceFeed, currency: string) {
    this.#feed = feed;
    feed.on((price) => {
      this.text = `${price} ${currency}`;
    });
  }

  close(): void {
    this.#feed.clear();
  }
}

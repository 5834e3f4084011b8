// Broken on purpose: close() passes off() a new function, not the one the feed holds.

export type Listener = (price: number) => void;

export class PriceFeed {
  #listeners = new Set<Listener>();
  on(listener: Listener): void {
    this.#listeners.add(listener);
  }
  off(listener: Listener): boolean {
    return this.#listeners.delete(listener);
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
  #currency: string;

  constructor(feed: PriceFeed, currency: string) {
    this.#feed = feed;
    this.#currency = currency;
    feed.on((price) => {
      this.text = `${price} ${this.#currency}`;
    });
  }

  close(): void {
    // Same body, different function object: nothing matches it in the set.
    this.#feed.off((price) => {
      this.text = `${price} ${this.#currency}`;
    });
  }
}

// Broken on purpose: close() only sets a flag; the listener stays in the feed and keeps the label reachable.

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
  #closed = false;

  constructor(feed: PriceFeed, currency: string) {
    feed.on((price) => {
      if (!this.#closed) this.text = `${price} ${currency}`;
    });
  }

  close(): void {
    this.#closed = true;
  }
}

// Broken on purpose: unsubscribes correctly, but a module-level array keeps every label ever created.

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

/** Every label created so far, "for debugging". */
const allLabels: PriceLabel[] = [];

export class PriceLabel {
  text = "";
  #feed: PriceFeed;
  #listener: Listener;

  constructor(feed: PriceFeed, currency: string) {
    this.#feed = feed;
    this.#listener = (price) => {
      this.text = `${price} ${currency}`;
    };
    feed.on(this.#listener);
    allLabels.push(this);
  }

  close(): void {
    this.#feed.off(this.#listener);
  }
}

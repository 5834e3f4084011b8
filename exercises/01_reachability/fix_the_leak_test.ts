/**
 * Tests for `fix_the_leak.ts`. Most tests play random scenarios (with a fixed
 * seed, so every run plays the same ones): labels with arbitrary currencies
 * opened on two feeds, arbitrary prices published, labels closed in any
 * order, and listeners of the test's own added beside them. A failure tells
 * the shortest scenario that breaks the promise. The feeds are `PriceFeed`s
 * that also note, weakly, which functions the labels hand to `on` and `off`.
 *
 * @module
 */

import fc from "fast-check";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  attempt,
  type Collectable,
  noted,
  nothingKeptRequirement,
  sample,
} from "../_testing.ts";
import { type Listener, PriceFeed } from "./_price_feed.ts";
import { PriceLabel } from "./fix_the_leak.ts";

/** A feed that also notes, weakly, each function handed to on() and off(). */
class SpyFeed extends PriceFeed {
  readonly #added: WeakRef<Listener>[] = [];
  readonly #removed: WeakRef<Listener>[] = [];

  constructor() {
    super();
    // The label under test gets this feed: it cannot change what it records.
    Object.freeze(this);
  }

  /** The functions passed to on(), in order. */
  get added(): readonly WeakRef<Listener>[] {
    return [...this.#added];
  }

  /** The functions passed to off(), in order. */
  get removed(): readonly WeakRef<Listener>[] {
    return [...this.#removed];
  }

  override on(listener: Listener): void {
    this.#added.push(new WeakRef(listener));
    super.on(listener);
  }

  override off(listener: Listener): boolean {
    this.#removed.push(new WeakRef(listener));
    return super.off(listener);
  }
}
Object.freeze(SpyFeed.prototype);

/** One thing a scenario does. */
type Step =
  | { kind: "open"; feed: number; currency: string }
  | { kind: "publish"; feed: number; price: number }
  | { kind: "close"; pick: number }
  | { kind: "listen"; feed: number };

/** A label of a scenario, with what it should show. */
interface Opened {
  /** Its number in the scenario, from 1, in the order labels were opened. */
  number: number;
  label: PriceLabel;
  feed: number;
  currency: string;
  /** The functions its constructor handed to the feed's on(). */
  listeners: WeakRef<Listener>[];
  /** What `text` should be. */
  expected: string;
  closed: boolean;
  /** What `text` was just before the label was first closed. */
  textAtClose?: string;
}

const feedNames = ["feed A", "feed B"];

const feedIndex = fc.nat({ max: feedNames.length - 1 });

/**
 * Currencies: mostly a few that look like words (so that two labels often
 * share one), else arbitrary strings.
 */
const currency: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom("EUR", "USD", "", " ", "closed"), weight: 3 },
  { arbitrary: fc.string(), weight: 1 },
);

/** Prices: any double (NaN, -0 and the infinities included) or integer. */
const price: fc.Arbitrary<number> = fc.oneof(fc.double(), fc.integer());

const openStep = fc.record({
  kind: fc.constant("open" as const),
  feed: feedIndex,
  currency,
});
const publishStep = fc.record({
  kind: fc.constant("publish" as const),
  feed: feedIndex,
  price,
});
const closeStep = fc.record({
  kind: fc.constant("close" as const),
  pick: fc.nat(),
});
const listenStep = fc.record({
  kind: fc.constant("listen" as const),
  feed: feedIndex,
});

/** Scenarios of the given kinds of step. */
function scenarios(
  ...kinds: fc.Arbitrary<Step>[]
): fc.Arbitrary<Step[]> {
  return fc.array(fc.oneof(...kinds), { minLength: 1, maxLength: 16 });
}

/** What a scenario has made so far. */
class Scene {
  readonly feeds = feedNames.map(() => noted(new SpyFeed()));
  readonly labels: Opened[] = [];
  /** The prices each listener of the test's own received, by feed. */
  readonly heard: { feed: number; prices: number[] }[] = [];
  /** The steps played so far, in words. */
  readonly story: string[] = [];
  /** The label of the last close step, and whether it was closed already. */
  lastClose?: { opened: Opened; again: boolean };
  /** The functions that the last close() handed to off(). */
  handed: WeakRef<Listener>[] = [];

  /** Opens a label, noting the functions its constructor hands to on(). */
  open(feed: number, currency: string): Opened {
    const spy = this.feeds[feed]!;
    const before = spy.added.length;
    const label = noted(attempt(
      `new PriceLabel(feed, ${JSON.stringify(currency)})`,
      () => new PriceLabel(spy, currency),
    ));
    const opened = {
      number: this.labels.length + 1,
      label,
      feed,
      currency,
      listeners: spy.added.slice(before),
      expected: "",
      closed: false,
    };
    this.labels.push(opened);
    this.story.push(
      `open label ${opened.number} (${JSON.stringify(currency)}) on ${
        feedNames[feed]
      }`,
    );
    return opened;
  }

  publish(feed: number, price: number): void {
    this.story.push(`publish ${price} on ${feedNames[feed]}`);
    for (const opened of this.labels) {
      if (opened.feed === feed && !opened.closed) {
        opened.expected = `${price} ${opened.currency}`;
      }
    }
    attempt(`publish(${price})`, () => this.feeds[feed]!.publish(price));
  }

  close(opened: Opened): void {
    this.story.push(
      `close label ${opened.number}${opened.closed ? " again" : ""}`,
    );
    this.lastClose = { opened, again: opened.closed };
    opened.textAtClose ??= opened.label.text;
    opened.closed = true;
    const spy = this.feeds[opened.feed]!;
    const before = spy.removed.length;
    attempt(`close() of label ${opened.number}`, () => opened.label.close());
    this.handed = spy.removed.slice(before);
  }

  /** Adds a listener of the test's own to a feed. */
  listen(feed: number): void {
    this.story.push(`add another listener to ${feedNames[feed]}`);
    const heard = { feed, prices: [] as number[] };
    this.heard.push(heard);
    this.feeds[feed]!.on((price) => heard.prices.push(price));
  }

  /** How many listeners feed `feed` should hold. */
  expectedListeners(feed: number): number {
    return this.labels.filter((l) => l.feed === feed && !l.closed).length +
      this.heard.filter((h) => h.feed === feed).length;
  }

  /** The label a close step picks: any label, or only an open one. */
  pick(step: { pick: number }, openOnly: boolean): Opened | undefined {
    const candidates = this.labels.filter((l) => !openOnly || !l.closed);
    return candidates[step.pick % Math.max(1, candidates.length)];
  }

  /** Lets go of the closed labels: the scene keeps only feeds and open labels. */
  forgetClosed(): void {
    const open = this.labels.filter((l) => !l.closed);
    this.labels.splice(0, this.labels.length, ...open);
    this.lastClose = undefined;
    this.handed = [];
  }

  /** Says what the scenario did, then what went wrong. */
  tell(problem: string): string {
    const sentence = problem.charAt(0).toUpperCase() + problem.slice(1);
    return `After: ${this.story.join("; ")}:\n${sentence}`;
  }
}

/**
 * Plays each scenario of `steps`, and fails with the shortest one for which
 * `check` (called after every step) finds a problem. With `closeAgain`, a
 * close step may pick a label that is already closed.
 */
function eachScenario(
  steps: fc.Arbitrary<Step[]>,
  check: (scene: Scene, step: Step) => string | undefined,
  options: {
    closeAgain?: boolean;
    atEnd?: (scene: Scene) => string | undefined;
  } = {},
): void {
  const problem = (scenario: Step[]): string | undefined => {
    const scene = new Scene();
    for (const step of scenario) {
      if (step.kind === "open") scene.open(step.feed, step.currency);
      if (step.kind === "publish") scene.publish(step.feed, step.price);
      if (step.kind === "listen") scene.listen(step.feed);
      if (step.kind === "close") {
        const opened = scene.pick(step, !options.closeAgain);
        if (opened === undefined) continue;
        scene.close(opened);
      }
      const found = check(scene, step);
      if (found !== undefined) return scene.tell(found);
    }
    const found = options.atEnd?.(scene);
    return found === undefined ? undefined : scene.tell(found);
  };
  assertProperty(steps, problem);
}

const name = (opened: Opened) =>
  `label ${opened.number} (${JSON.stringify(opened.currency)})`;

Deno.test("a PriceLabel shows the latest price with its currency", () => {
  eachScenario(scenarios(openStep, publishStep, listenStep), (scene) => {
    const wrong = scene.labels.find((l) => l.label.text !== l.expected);
    if (wrong === undefined) return undefined;
    return `${name(wrong)} shows ${
      JSON.stringify(wrong.label.text)
    } instead of ${
      JSON.stringify(wrong.expected)
    }: show the latest price its feed published since the label was made, a space and the currency, or "" before the first price`;
  });
});

/**
 * Opens a label on `feed`, a plain `PriceFeed` as a program has (not a spy,
 * which code could tell apart), publishes, and closes it if told to.
 */
function labelOnPlainFeed(
  feed: PriceFeed,
  { close }: { close: boolean },
): WeakRef<PriceLabel> {
  const label = noted(new PriceLabel(noted(feed), "EUR"));
  feed.publish(3);
  if (close) label.close();
  return new WeakRef(label);
}

Deno.test("a closed label and its listener can be garbage collected while the feed lives on", async () => {
  const scene = new Scene();
  const closed = openThreeCloseTwo(scene);
  scene.forgetClosed();
  const plainFeed = new PriceFeed();
  const plain = labelOnPlainFeed(plainFeed, { close: true });
  await assertAllCollected([
    ...closed.flatMap(({ what, label, listeners }): Collectable[] => [
      {
        ref: label,
        message:
          `${what} was closed and the test keeps nothing of it, yet it stayed reachable through 10 collections: the feed's listener set, or a list or variable of your module, still holds it`,
        name: what,
      },
      ...listeners.map((ref) => ({
        ref,
        message:
          `The listener of ${what}, which was closed, stayed reachable through 10 collections: the feed, or a list or variable of your module, still holds it`,
        name: `the listener of ${what}`,
      })),
    ]),
    {
      ref: plain,
      message:
        "A label on a plain PriceFeed was closed and the test keeps nothing of it, yet it stayed reachable through 10 collections: the feed's listener set, or a list or variable of your module, still holds it",
      name: "the label on a plain PriceFeed",
    },
  ]);
  // The feeds lived on through the collections, and still work.
  scene.publish(0, 13);
  plainFeed.publish(13);
});

Deno.test("close() removes the label's listener from the feed, and a second close() changes nothing", () => {
  eachScenario(
    scenarios(openStep, publishStep, closeStep, listenStep),
    (scene, step) => {
      const close = step.kind === "close" ? scene.lastClose : undefined;
      const wrong = scene.feeds.findIndex((feed, i) =>
        feed.listenerCount !== scene.expectedListeners(i)
      );
      const own = close?.opened.listeners.map((ref) => ref.deref()) ?? [];
      const handedOwn = scene.handed.some((ref) => own.includes(ref.deref()));
      if (close && !close.again && !handedOwn) {
        return `close() of ${name(close.opened)} ${
          scene.handed.length === 0
            ? "did not call off() on its feed"
            : "passed off() another function than the one the label passed to on()"
        }: keep that very function in a field, and hand it back to off()`;
      }
      if (wrong === -1) return undefined;
      const held = `${feedNames[wrong]} holds ${
        scene.feeds[wrong]!.listenerCount
      } listeners, but should hold ${scene.expectedListeners(wrong)}`;
      if (step.kind === "open") {
        return `${held}: new PriceLabel() should hand its feed one listener`;
      }
      if (!close) {
        return `${held}: only new PriceLabel() and close() should change what a feed holds`;
      }
      if (close.again) {
        return `${held}: closing a label a second time should change nothing`;
      }
      return `${held}: close() should remove the label's own listener, and only it`;
    },
    { closeAgain: true },
  );
});

Deno.test("a closed label no longer changes", () => {
  eachScenario(scenarios(openStep, publishStep, closeStep), (scene) => {
    const changed = scene.labels.find((l) =>
      l.closed && l.label.text !== l.textAtClose
    );
    if (changed === undefined) return undefined;
    return `${name(changed)} showed ${
      JSON.stringify(changed.textAtClose)
    } when it was closed, but now shows ${
      JSON.stringify(changed.label.text)
    }: after close() nothing should change it, neither a price nor close() itself`;
  });
});

Deno.test("closing labels in any order leaves the other labels and listeners updating", () => {
  eachScenario(
    scenarios(openStep, publishStep, closeStep, listenStep),
    () => undefined,
    {
      atEnd: (scene) => {
        // Beside each open label, one opened now, with the same currency.
        const open = scene.labels.filter((l) => !l.closed);
        const fresh = open.map((l) => scene.open(l.feed, l.currency));
        const heardBefore = scene.heard.map((h) => h.prices.length);
        scene.feeds.forEach((_, feed) => scene.publish(feed, 1000 + feed));
        for (const [i, opened] of open.entries()) {
          const control = fresh[i]!;
          if (opened.label.text === control.label.text && control.label.text) {
            continue;
          }
          if (!control.label.text) {
            return `after a price was published, neither ${name(opened)} nor ${
              name(control)
            }, opened on the same feed just now, shows it: closing a label (in this scenario or an earlier one) must not stop the others`;
          }
          return `${name(opened)} shows ${
            JSON.stringify(opened.label.text)
          }, while ${name(control)}, opened on the same feed just now, shows ${
            JSON.stringify(control.label.text)
          }: closing one label must not stop the others`;
        }
        const deaf = scene.heard.find((h, i) =>
          h.prices.length !== heardBefore[i]! + 1
        );
        if (deaf === undefined) return undefined;
        return `a listener that the test added to ${
          feedNames[deaf.feed]
        } no longer receives prices: close() must remove only the label's own listener`;
      },
    },
  );
});

/** Three currencies, the same on every run. */
const [first, second, third] = sample(currency, 3);

/** A label made in a scene, as weak references to it and to its listeners. */
interface Watched {
  what: string;
  label: WeakRef<PriceLabel>;
  listeners: WeakRef<Listener>[];
}

function watch(opened: Opened): Watched {
  return {
    what: name(opened),
    label: new WeakRef(opened.label),
    listeners: opened.listeners,
  };
}

/**
 * Opens three labels on one feed, publishes, and closes the first two in the
 * other order than they were opened, all in a frame of its own, so that only
 * what the feed and the module keep could still reach the closed labels.
 */
function openThreeCloseTwo(scene: Scene): Watched[] {
  const labels = [first, second, third].map((c) => scene.open(0, c!));
  scene.publish(0, 12.5);
  scene.close(labels[1]!);
  scene.close(labels[0]!);
  return [watch(labels[1]!), watch(labels[0]!)];
}

/** Opens a label on a new feed and publishes, in a frame of its own. */
function openAndLeave(): { feed: WeakRef<PriceFeed>; opened: Watched } {
  const scene = new Scene();
  const opened = scene.open(1, third!);
  scene.publish(1, 7);
  return { feed: new WeakRef(scene.feeds[1]!), opened: watch(opened) };
}

/** A plain `PriceFeed` with a label open on it, in a frame of its own. */
function plainFeedAndLabel(): Collectable[] {
  const feed = new PriceFeed();
  return [{
    ref: labelOnPlainFeed(feed, { close: false }),
    message:
      "A label on a plain PriceFeed was never closed, and the test keeps neither it nor its feed, yet it stayed reachable through 10 collections: a list, a registry or a variable of your module still holds it",
    name: "the label on a plain PriceFeed",
  }, {
    ref: new WeakRef(feed),
    message:
      "A plain PriceFeed that the test let go of stayed reachable through 10 collections: something in your module still holds it",
    name: "the plain feed",
  }];
}

Deno.test("an open label, its listener and its feed can be garbage collected once nothing references them", async () => {
  const { feed, opened } = openAndLeave();
  const { what } = opened;
  await assertAllCollected([
    {
      ref: opened.label,
      message:
        `${what} was never closed, and the test keeps neither it nor its feed, yet it stayed reachable through 10 collections: a list, a registry or a variable of your module still holds it`,
      name: what,
    },
    ...opened.listeners.map((ref) => ({
      ref,
      message:
        `The listener of ${what} stayed reachable through 10 collections after the test let go of the label and its feed: something in your module still holds it`,
      name: `the listener of ${what}`,
    })),
    {
      ref: feed,
      message:
        "A feed that the test let go of stayed reachable through 10 collections: something in your module (a label it keeps, or a list of feeds) still holds it",
      name: "the feed",
    },
    ...plainFeedAndLabel(),
  ]);
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a label or feed");
});

// Broken on purpose: close() returns true every time, even when the handle was already closed.

/** An open resource that should be closed explicitly. */
export interface Handle {
  readonly name: string;
  readonly closed: boolean;
  close(): boolean;
}

/** What handleTracker returns. */
export interface HandleTracker {
  open(name: string): Handle;
  readonly leaked: string[];
}

/** Creates a tracker whose close() ignores what unregister() reports. */
export function handleTracker(): HandleTracker {
  const leaked: string[] = [];
  const registry = new FinalizationRegistry<string>((name) => {
    leaked.push(name);
  });
  return {
    open(name: string): Handle {
      const handle = {
        name,
        closed: false,
        close(): boolean {
          registry.unregister(handle);
          handle.closed = true;
          return true;
        },
      };
      registry.register(handle, name, handle);
      return handle;
    },
    leaked,
  };
}

// Broken on purpose: close() never unregisters, so closed handles are reported as leaked too.

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

/** Creates a tracker that forgets to unregister. */
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
          const first = !handle.closed;
          handle.closed = true;
          return first;
        },
      };
      registry.register(handle, name, handle);
      return handle;
    },
    leaked,
  };
}

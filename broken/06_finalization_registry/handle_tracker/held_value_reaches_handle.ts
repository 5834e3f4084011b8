// Broken on purpose: the held value is a record that holds the handle, so no handle can ever be collected.

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

/** Creates a tracker whose held values reach their handles. */
export function handleTracker(): HandleTracker {
  const leaked: string[] = [];
  const registry = new FinalizationRegistry<{ name: string; handle: Handle }>(
    (held) => {
      leaked.push(held.name);
    },
  );
  return {
    open(name: string): Handle {
      const handle = {
        name,
        closed: false,
        close(): boolean {
          const unregistered = registry.unregister(handle);
          handle.closed = true;
          return unregistered;
        },
      };
      registry.register(handle, { name, handle }, handle);
      return handle;
    },
    leaked,
  };
}

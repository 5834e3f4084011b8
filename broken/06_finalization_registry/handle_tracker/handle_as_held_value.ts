// Broken on purpose: registers each handle as its own held value, which register() rejects with a TypeError.

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

/** Creates a tracker whose held value is the target itself. */
export function handleTracker(): HandleTracker {
  const leaked: string[] = [];
  const registry = new FinalizationRegistry<Handle>((handle) => {
    leaked.push(handle.name);
  });
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
      registry.register(handle, handle, handle);
      return handle;
    },
    leaked,
  };
}

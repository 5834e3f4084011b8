export * from "./commands.ts";
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./exercises.ts";
export * from "./files.ts";
export * from "./lessons.ts";
export * from "./main.ts";
export * from "./results.ts";

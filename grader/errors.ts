/**
 * The one error type the grader shows to a learner as a single plain line.
 * @module
 */

/** A problem the learner can fix; the CLI prints its message, never a stack. */
export class GraderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraderError";
  }
}

/**
 * The one error type that the course's commands show as a single plain line.
 *
 * @module
 */

/**
 * A problem the user can fix, such as a bad argument, an unknown exercise or
 * an invalid `course.json`. Entry points print its message, never its stack.
 */
export class CourseError extends Error {
  /** Creates the error; `message` is the whole line the user will read. */
  constructor(message: string) {
    super(message);
    this.name = "CourseError";
  }
}

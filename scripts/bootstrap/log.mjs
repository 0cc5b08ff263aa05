// Console output for the bootstrap scripts. Uses only node built-ins: it runs before `npm ci`.

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** @param {string} code @returns {(text: string) => string} */
const paint = (code) => (text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export const color = {
  bold: paint("1"),
  dim: paint("2"),
  red: paint("31"),
  green: paint("32"),
  yellow: paint("33"),
  blue: paint("34"),
  magenta: paint("35"),
  cyan: paint("36"),
};

export const colorEnabled = useColor;

/**
 * A failure the user can act on: printed as its message alone, without a stack trace, because the
 * message already says what went wrong and what to do.
 */
export class BootstrapError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "BootstrapError";
  }
}

/** @param {string} message */
export function step(message) {
  console.log(`${color.cyan("›")} ${message}`);
}

/** @param {string} message */
export function info(message) {
  console.log(`  ${message}`);
}

/** @param {string} message */
export function success(message) {
  console.log(`${color.green("✓")} ${message}`);
}

/** @param {string} message */
export function warn(message) {
  console.warn(`${color.yellow("!")} ${color.yellow(message)}`);
}

/**
 * Prints an error the way a user should see it and sets a failing exit code.
 * @param {unknown} error
 */
export function reportFatal(error) {
  if (error instanceof BootstrapError) {
    console.error(`\n${color.red("✗")} ${color.red(error.message)}`);
  } else {
    console.error(`\n${color.red("✗ Unexpected error in the bootstrap script:")}`);
    console.error(error);
  }
  process.exitCode = 1;
}

/** Find a Python that has libcst: --python, then LOOPSHIFT_PYTHON, then python3, then python. */
import { SetupError } from '../errors.js';
import { HelperProcess, HelperStartError } from './helper-process.js';

export interface Interpreter {
  python: string;
  helper: HelperProcess; // the first helper, already started: it doubled as the probe
}

export function candidates(flag: string | undefined, env: NodeJS.ProcessEnv): { list: string[]; explicit: boolean } {
  if (flag) return { list: [flag], explicit: true };
  if (env.LOOPSHIFT_PYTHON) return { list: [env.LOOPSHIFT_PYTHON], explicit: true };
  return { list: ['python3', 'python'], explicit: false };
}

export async function findInterpreter(
  flag: string | undefined, env: NodeJS.ProcessEnv = process.env, helperEnv: Record<string, string> = {},
): Promise<Interpreter> {
  const { list } = candidates(flag, env);
  const tried: string[] = [];
  for (const python of list) {
    try {
      return { python, helper: await HelperProcess.start(python, helperEnv) };
    } catch (error) {
      if (!(error instanceof HelperStartError)) throw error;
      if (error.fatal?.code === 'transform-load-failed') {
        throw new SetupError(`the loopshift helper could not load its transforms with ${python}: ${error.message}`, { cause: error });
      }
      tried.push(`  ${python}: ${describe(error)}`);
    }
  }
  const source = flag ? '--python' : env.LOOPSHIFT_PYTHON ? 'LOOPSHIFT_PYTHON' : 'PATH';
  throw new SetupError(
    [
      `no usable Python found (from ${source}). Tried:`,
      ...tried,
      'loopshift needs Python 3.8+ with libcst 1.0 or newer. To fix:',
      '  python3 -m pip install libcst',
      'or point loopshift at a Python that has it: --python /path/to/python or LOOPSHIFT_PYTHON=/path/to/python',
    ].join('\n'),
  );
}

function describe(error: HelperStartError): string {
  switch (error.fatal?.code) {
    case 'libcst-missing':
      return `Python ${error.fatal.python} (${error.fatal.executable}) has no libcst (${error.message})`;
    case 'python-too-old':
      return error.message;
    default:
      return error.message;
  }
}

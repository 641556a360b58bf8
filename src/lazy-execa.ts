/**
 * execa, loaded on first use: a run answered from the result cache starts no process, and loading
 * execa costs about a tenth of a second of a warm run's startup.
 */
let execaModule: Promise<typeof import('execa')> | undefined;

export function loadExeca(): Promise<typeof import('execa')> {
  return (execaModule ??= import('execa'));
}

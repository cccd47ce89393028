/** The file's JSON, or an Error saying it is not JSON (the server would only say "malformed JSON"). */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file.name} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

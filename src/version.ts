/** The SDK's version, kept equal to package.json's (a server test checks it). */
export const version = '0.1.0';

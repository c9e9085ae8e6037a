export { main, buildProgram, type CliIo } from './main.ts';

/** Japanese labels for the codes the API uses: kept in the glossary with the other words of the pages. */
export { LABELS } from './glossary';

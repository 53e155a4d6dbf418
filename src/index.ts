export { TextClassifier } from './api/text-classifier.ts';

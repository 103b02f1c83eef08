export { fenToDecimal, formatFen, parseYuan } from './format';

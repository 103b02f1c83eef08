export { customerDisplay, createCustomerDisplayPublisher, type CustomerDisplayPublisher } from './publisher';
export { CUSTOMER_DISPLAY_HASH, type CustomerDisplayState, type DisplayCartLine } from './protocol';

/** Text into printed HTML: every character that could open markup becomes an entity. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

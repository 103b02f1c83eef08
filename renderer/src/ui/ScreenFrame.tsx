import type { ReactNode } from 'react';

/** Title, one-line purpose and body of a screen; the title is the page's h1. */
export function ScreenFrame({
  title,
  intro,
  children,
}: {
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <h1 id="screen-title">{title}</h1>
      <p className="screen-intro">{intro}</p>
      {children}
    </section>
  );
}

/** A short choice as radio buttons side by side (pay-out / pay-in, by category / full count). */
export function Toggle<T extends string>({
  label,
  name,
  options,
  value,
  onChange,
  text,
}: {
  label: string;
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  text: (value: T) => string;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="dayend-toggle">
      {options.map((option) => (
        <label key={option}>
          <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
          {text(option)}
        </label>
      ))}
    </div>
  );
}

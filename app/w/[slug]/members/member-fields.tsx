import { ROLE_LABELS, type Role } from "@/lib/core/roles";

export function RoleSelect({
  roles,
  defaultRole,
  error,
  id = "field-role",
}: {
  roles: Role[];
  defaultRole: Role;
  error?: string;
  id?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        Role
      </label>
      <select
        id={id}
        name="role"
        defaultValue={defaultRole}
        aria-invalid={error ? true : undefined}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2"
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}

/** Brand checkboxes: none ticked means every brand, now and future. */
export function BrandChoice({
  brands,
  selected,
}: {
  brands: { id: string; name: string }[];
  selected: string[];
}) {
  if (brands.length === 0) return null;
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="text-sm font-medium">Limit to brands (none ticked: all brands)</legend>
      {brands.map((brand) => (
        <label key={brand.id} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="brandIds"
            value={brand.id}
            defaultChecked={selected.includes(brand.id)}
          />
          {brand.name}
        </label>
      ))}
    </fieldset>
  );
}

"use client";

/** Opens the browser's print dialog (where "Save as PDF" is too). */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
    >
      Print or save as PDF
    </button>
  );
}

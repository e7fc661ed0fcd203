import { requirePageRole } from "@/lib/auth/dal";

/**
 * Admin pages. The role is checked here, above the loading boundary, so a
 * refused HTML request still gets its 403 before anything streams; each page
 * checks again, because client navigations may fetch a page without its layout.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageRole("admin");
  return children;
}

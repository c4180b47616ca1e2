export function ContentFreeFooter() {
  return (
    <footer className="site-footer">
      <p>
        aup-audit assesses policies and procedures only. It never asks for, accepts or inspects content: no
        images, files, links to material, hashes, names of people or case numbers.
      </p>
    </footer>
  );
}

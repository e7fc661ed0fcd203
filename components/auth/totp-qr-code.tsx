"use client";

import { useEffect, useState } from "react";
import QRCode from "qrcode";
import { Skeleton } from "@/components/ui/skeleton";

/** The otpauth:// link as a QR code for a phone's authenticator app, drawn in the browser (the key never leaves this page). */
export function TotpQrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<{ uri: string; url: string }>();
  useEffect(() => {
    let live = true;
    QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then((svg) => {
      if (live) setSrc({ uri, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
    });
    return () => {
      live = false;
    };
  }, [uri]);
  if (!uri) return null;
  // A white tile in both themes: scanners need dark modules on a light ground.
  return src?.uri === uri ? (
    // eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise
    <img src={src.url} alt="QR code for your authenticator app" width={176} height={176} className="size-44 shrink-0 rounded-lg border bg-white p-1" data-testid="totp-qr" />
  ) : (
    <Skeleton className="size-44 shrink-0" />
  );
}

import { useRef, useState, type DragEvent } from 'react';

/**
 * Files and folders in: dropped (folders included), picked as files, or picked as a folder
 * (`webkitdirectory`, which React does not type, so it is set on the element directly).
 */
export function DropZone({
  disabled,
  onFiles,
  onDrop,
}: {
  disabled: boolean;
  onFiles: (files: File[]) => void;
  onDrop: (data: DataTransfer) => void;
}) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const picked = (input: HTMLInputElement | null) => {
    if (!input) return;
    const files = [...(input.files ?? [])];
    // Cleared so choosing the same file again is a change.
    input.value = '';
    if (files.length > 0) onFiles(files);
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setDragging(!disabled);
  };

  return (
    <div
      className={`dropzone${dragging ? ' dragging' : ''}${disabled ? ' disabled' : ''}`}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!disabled) onDrop(event.dataTransfer);
      }}
    >
      <p>Drop tenant export files or folders here (CSV, NDJSON, JSON, XLSX, zip, gz), or</p>
      <div className="actions">
        <label className="button file-button">
          <input ref={fileInput} className="visually-hidden" type="file" multiple disabled={disabled} onChange={() => picked(fileInput.current)} />
          Choose files
        </label>
        <label className="button file-button">
          <input
            ref={(element) => {
              folderInput.current = element;
              element?.setAttribute('webkitdirectory', '');
            }}
            className="visually-hidden"
            type="file"
            multiple
            disabled={disabled}
            onChange={() => picked(folderInput.current)}
          />
          Choose folder
        </label>
      </div>
      <p className="help">Formats and platforms are detected per file and per zip part; you review them before anything is stored. Originals are hashed (SHA-256) and never modified.</p>
    </div>
  );
}

# Draws the web app icons in src/SafetyFlow.Web/wwwroot/icons (run from that folder): python3 tools/app-icons.py
import zlib, struct, sys
def png(size, path, maskable):
    # Safety green square, a white shield with a green tick; the maskable one keeps the drawing inside the safe zone.
    bg=(21,101,52); white=(255,255,255)
    rows=[]
    s=size
    scale = 0.62 if maskable else 0.8
    cx=s/2; top=s*(1-scale)/2; h=s*scale; w=h*0.82
    def inside_shield(x,y):
        if y<top or y>top+h: return False
        t=(y-top)/h
        half = w/2 if t<0.55 else (w/2)*max(0.0,(1-t)/0.45)
        return abs(x-cx)<=half
    def on_tick(x,y):
        # two thick segments
        p1=(cx-w*0.24, top+h*0.50); p2=(cx-w*0.05, top+h*0.68); p3=(cx+w*0.26, top+h*0.30)
        th=h*0.07
        for a,b in ((p1,p2),(p2,p3)):
            ax,ay=a; bx,by=b; dx,dy=bx-ax,by-ay
            t=max(0,min(1,((x-ax)*dx+(y-ay)*dy)/(dx*dx+dy*dy)))
            px,py=ax+t*dx,ay+t*dy
            if (x-px)**2+(y-py)**2<=th*th: return True
        return False
    for y in range(s):
        row=bytearray([0])
        for x in range(s):
            c=bg
            if inside_shield(x+.5,y+.5): c = bg if on_tick(x+.5,y+.5) else white
            row+=bytes(c)
        rows.append(bytes(row))
    raw=b''.join(rows)
    def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
    data=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',s,s,8,2,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
    open(path,'wb').write(data)
png(192,'icon-192.png',False); png(512,'icon-512.png',False); png(512,'icon-maskable-512.png',True); png(180,'apple-touch-icon.png',False)
